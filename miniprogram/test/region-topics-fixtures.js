// What the 辖区议题 page tests share: the page, its list's address, an answer of one page, a grant, and opening the page
// as a user of some roles.
const { renderPage } = require('./page');
const staff = require('./staff-fixtures');

const PAGE = 'packageStaff/pages/region-topics/index';
const LIST = '/api/regions/5/topics/all';

const page1 = (items, nextAfter = null) => ({ data: { items, nextAfter } });
const grant = (id, role, regionId, regionName) => ({ id, role, roleName: '工作人员', regionId, regionCode: String(regionId), regionName, regionLevel: 3, unit: null });

async function open(roles, list) {
  wx.__respond({ data: staff.me(roles) });
  wx.__respond(list);
  return renderPage(PAGE);
}

module.exports = { PAGE, LIST, page1, grant, open };
