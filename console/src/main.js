import { createApp } from 'vue';
import TDesign from 'tdesign-vue-next';
import 'tdesign-vue-next/es/style/index.css';
import './styles/global.css';
import App from './App.vue';
import { createConsoleRouter } from './router';
import { onUnauthorized } from './api/request';
import { clearSession } from './store/session';

const router = createConsoleRouter();

// The session ended (idle timeout, logout elsewhere): back to the login page, then back here.
onUnauthorized(() => {
  const current = router.currentRoute.value;
  if (current.meta.public) return;
  clearSession();
  router.replace({ name: 'login', query: { redirect: current.fullPath } });
});

createApp(App).use(TDesign).use(router).mount('#app');
