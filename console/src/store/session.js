// Who is logged in to the console, and with which role grants. The API checks every request;
// the console only uses the grants to choose which menu entries and which regions to show.
import { reactive } from 'vue';
import * as api from '@/api/session';
import { setCsrfToken } from '@/api/request';

export const session = reactive({ loaded: false, user: null, grants: [] });

export const ROLE_NAMES = {
  region_admin: '区域管理员',
  reviewer: '审核人员',
  room_admin: '议事室管理员',
  cppcc_member: '政协委员',
  implementer: '承办单位',
  volunteer: '志愿者/网格员',
};

/** Loads the session; false when nobody is logged in (401). */
export async function loadSession() {
  try {
    apply(await api.session());
    return true;
  } catch (err) {
    if (err.status === 401) {
      clearSession();
      return false;
    }
    throw err;
  }
}

export function apply({ user, grants, csrfToken }) {
  setCsrfToken(csrfToken);
  session.user = user || null;
  session.grants = grants || [];
  session.loaded = true;
}

export function clearSession() {
  setCsrfToken('');
  session.user = null;
  session.grants = [];
  session.loaded = false;
}

export function hasAnyRole(roles) {
  if (!roles || roles.length === 0) return true;
  return session.grants.some((g) => roles.includes(g.role));
}

/** The regions the user holds one of `roles` on, each once: [{id, name, code}]. */
export function regionsOf(roles) {
  const seen = new Map();
  session.grants
    .filter((g) => !roles || roles.includes(g.role))
    .forEach((g) => {
      if (!seen.has(g.regionId)) seen.set(g.regionId, { id: g.regionId, name: g.regionName, code: g.regionCode });
    });
  return [...seen.values()];
}
