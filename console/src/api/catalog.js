// The catalogs: topic categories (议题类别), one list for the installation, and the 五议五不议 review criteria, a set for
// each city. Anyone may read them; only an admin of a city (a level-1 region) edits them, the criteria of that city only.
import { get, itemsOf, post, put } from './request';

/** [{id, name, sortOrder, isActive}], the stopped ones too. */
export const allCategories = async () => itemsOf(await get('/api/categories', { all: true }));

/** Adds a category (id null) or edits one. */
export const saveCategory = (id, body) => (id ? put(`/api/categories/${id}`, body) : post('/api/categories', body));

/** The criteria of the city of region regionId: [{id, cityId, kind, kindName, title, description, sortOrder, isActive}], the stopped ones too; cityId null while the city uses the defaults. */
export const allCriteria = async (regionId) => itemsOf(await get('/api/review-criteria', { all: true, region: regionId }));

/** Adds a criterion (id null) or edits one; body.cityId names the city. */
export const saveCriterion = (id, body) => (id ? put(`/api/review-criteria/${id}`, body) : post('/api/review-criteria', body));
