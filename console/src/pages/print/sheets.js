// Cuts a region's rooms into A4 sheets of `perPage` codes each.
export const LAYOUTS = {
  4: { columns: 2, rows: 2 },
  6: { columns: 2, rows: 3 },
  9: { columns: 3, rows: 3 },
};

export function sheetsOf(rooms, perPage) {
  const sheets = [];
  for (let i = 0; i < rooms.length; i += perPage) sheets.push(rooms.slice(i, i + perPage));
  return sheets;
}
