// Photos (issue 16): a room admin's verdict on a photo the content check left for a person (审核中).
import { post } from './request';

/** The photo is shown to everyone who may see its topic. */
export const approvePhoto = (id) => post(`/api/photos/${id}/approve`);

/** The photo is removed from every answer and page. */
export const hidePhoto = (id) => post(`/api/photos/${id}/hide`);
