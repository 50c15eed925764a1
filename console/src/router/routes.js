// The console's pages. `meta.roles` says whose menu shows a page (the API still checks every call);
// `meta.group` places it in the side menu.
import {
  BookmarkIcon, ChartBarIcon, ChatBubbleIcon, CheckRectangleIcon, FileImportIcon, HistoryIcon, LinkIcon, LocationIcon, PrintIcon,
  TaskIcon, TimeIcon, UsergroupIcon, ViewListIcon,
} from 'tdesign-icons-vue-next';
import { hasAnyRole } from '@/store/session';

const ADMIN = ['region_admin'];
const STAFF = ['region_admin', 'reviewer', 'room_admin', 'cppcc_member', 'implementer', 'volunteer'];
// Whoever works on topics under a region grant: each finds the region's topics under 议题.
export const TOPIC_ROLES = ['region_admin', 'reviewer', 'room_admin', 'cppcc_member', 'implementer'];
// Those of them who see every topic of their regions, under review, rejected, merged or held too (the API's
// TopicStore.SeeEveryTopic); an implementer sees the public ones.
export const SEE_EVERY_TOPIC = ['region_admin', 'reviewer', 'room_admin', 'cppcc_member'];

export const MENU_GROUPS = [
  { key: 'places', title: '场所与二维码' },
  { key: 'people', title: '人员' },
  { key: 'work', title: '工作台' },
  { key: 'data', title: '数据与渠道' },
];

export const pageRoutes = [
  { path: 'places', name: 'places', component: () => import('@/pages/places/index.vue'), meta: { title: '场所管理', roles: ADMIN, group: 'places', icon: LocationIcon } },
  { path: 'import', name: 'import', component: () => import('@/pages/import/index.vue'), meta: { title: '批量导入', roles: ADMIN, group: 'places', icon: FileImportIcon } },
  { path: 'print', name: 'print', component: () => import('@/pages/print/index.vue'), meta: { title: '打印二维码', roles: ADMIN, group: 'places', icon: PrintIcon } },
  { path: 'people', name: 'people', component: () => import('@/pages/people/index.vue'), meta: { title: '人员与邀请', roles: ADMIN, group: 'people', icon: UsergroupIcon } },
  { path: 'logins', name: 'logins', component: () => import('@/pages/logins/index.vue'), meta: { title: '登录记录', roles: ADMIN, group: 'people', icon: HistoryIcon } },
  { path: 'work/review', name: 'review', component: () => import('@/pages/work/review-queue.vue'), meta: { title: '审题队列', roles: ['reviewer'], group: 'work', icon: TaskIcon } },
  { path: 'work/tasks', name: 'tasks', component: () => import('@/pages/work/tasks.vue'), meta: { title: '我的任务', roles: ['implementer'], group: 'work', icon: CheckRectangleIcon } },
  { path: 'work/topics', name: 'topics', component: () => import('@/pages/work/topics.vue'), meta: { title: '议题', roles: TOPIC_ROLES, group: 'work', icon: ViewListIcon } },
  { path: 'work/moderation', name: 'moderation', component: () => import('@/pages/work/moderation.vue'), meta: { title: '评论审核', roles: ['room_admin'], group: 'work', icon: ChatBubbleIcon } },
  { path: 'work/due', name: 'due', component: () => import('@/pages/work/due.vue'), meta: { title: '待办事项', roles: ['room_admin'], group: 'work', icon: TimeIcon } },
  { path: 'work/topics/:id', name: 'topic', component: () => import('@/pages/work/topic/index.vue'), props: true, meta: { title: '议题详情', roles: STAFF } },
  { path: 'statistics', name: 'statistics', component: () => import('@/pages/statistics/index.vue'), meta: { title: '统计分析', roles: STAFF, group: 'data', icon: ChartBarIcon } },
  { path: 'catalog', name: 'catalog', component: () => import('@/pages/catalog/index.vue'), meta: { title: '类别与审题标准', roles: ADMIN, group: 'data', icon: BookmarkIcon } },
  { path: 'channels', name: 'channels', component: () => import('@/pages/channels/index.vue'), meta: { title: '外部渠道', roles: ADMIN, group: 'data', icon: LinkIcon } },
];

/** The side menu for a user: groups with the pages their roles open, empty groups left out. */
export function menuFor(hasAnyRole) {
  return MENU_GROUPS.map((g) => ({
    ...g,
    items: pageRoutes.filter((r) => r.meta.group === g.key && hasAnyRole(r.meta.roles)),
  })).filter((g) => g.items.length > 0);
}

/** Where a user lands after login: the first page their roles open. */
export function firstPage() {
  const first = menuFor(hasAnyRole).flatMap((g) => g.items)[0];
  return first ? { name: first.name } : { name: 'statistics' };
}
