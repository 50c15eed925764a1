// CSV import of regions and rooms: a preview (dryRun) first, then the import.
import { apiUrl, upload } from './request';

/** What the file would change, writing nothing; a file with bad rows throws ApiError with rowErrors. */
export const previewImport = (file, onProgress) => upload('/api/import/rooms', file, { query: { dryRun: true }, onProgress });

export const importRooms = (file, onProgress) => upload('/api/import/rooms', file, { onProgress });

export const templateUrl = apiUrl('/api/import/rooms/template.csv');
