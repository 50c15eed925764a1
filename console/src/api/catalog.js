// The city-wide catalogs: topic categories (议题类别) and the 五议五不议 review criteria. Anyone may read them; only an
// admin of a city (a level-1 region) edits them.
import { get, itemsOf, post, put } from './request';

/** [{id, name, sortOrder, isActive}], the stopped ones too. */
export const allCategories = async () => itemsOf(await get('/api/categories', { all: true }));

/** Adds a category (id null) or edits one. */
export const saveCategory = (id, body) => (id ? put(`/api/categories/${id}`, body) : post('/api/categories', body));

/** [{id, kind, kindName, title, description, sortOrder, isActive}], the stopped ones too. */
export const allCriteria = async () => itemsOf(await get('/api/review-criteria', { all: true }));

/** Adds a criterion (id null) or edits one. */
export const saveCriterion = (id, body) => (id ? put(`/api/review-criteria/${id}`, body) : post('/api/review-criteria', body));
