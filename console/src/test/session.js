// Puts a logged-in user with the given grants into the session store.
import { session } from '@/store/session';

export function loginAs(grants, name = '测试人员') {
  session.user = { id: 1, name };
  session.grants = grants.map((g, i) => ({ id: i + 1, roleName: g.role, regionName: `区域${g.regionId}`, regionCode: String(g.regionId), unit: null, ...g }));
  session.loaded = true;
}

export const CITY_ADMIN = [{ role: 'region_admin', regionId: 1, regionName: '淮安市', roleName: '区域管理员' }];
