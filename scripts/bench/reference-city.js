// Writes a CSV the size of the reference city (Huai'an: 1,732 rooms over four levels) to stdout:
// 1 city, 9 counties, 120 towns and 1,602 villages, one room each. Deterministic.
const rows = ['city_code,city_name,county_code,county_name,town_code,town_name,village_code,village_name,room_name,address,contact_name,contact_phone'];
const city = ['329900', '参照市'];
rows.push(`${city[0]},${city[1]},,,,,,,参照市协商议事室,参照市人民路1号,市政协办公室,0517-80000000`);
let villages = 0;
let towns = 0;
for (let c = 1; c <= 9; c++) {
  const county = [`3299${String(c).padStart(2, '0')}`, `第${c}区`];
  rows.push(`${city.join(',')},${county.join(',')},,,,,${county[1]}协商议事室,${county[1]}政府大院,,`);
  for (let t = 1; t <= (c <= 3 ? 14 : 13); t++) {
    const town = [`${county[0]}${String(t).padStart(3, '0')}`, `${county[1]}第${t}街道`];
    rows.push(`${city.join(',')},${county.join(',')},${town.join(',')},,,${town[1]}协商议事室,${town[1]}便民服务中心,,`);
    towns++;
    // 42 towns of 14 villages and 78 of 13: 1,602 villages.
    for (let v = 1; v <= (towns <= 42 ? 14 : 13); v++, villages++) {
      const village = [`${town[0]}${String(v).padStart(3, '0')}`, `${town[1]}第${v}社区`];
      rows.push(`${city.join(',')},${county.join(',')},${town.join(',')},${village.join(',')},${village[1]}协商议事室,${village[1]}党群服务中心,社区书记,138${String(villages).padStart(8, '0')}`);
    }
  }
}
process.stdout.write(rows.join('\n') + '\n');
