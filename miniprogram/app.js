const auth = require('./services/auth');

App({
  globalData: {
    // Resolves when the launch-time login attempt settles (session or null); pages that need a
    // user can await it. Public pages (room landing, finding a room) do not wait for it.
    loginReady: null,
  },

  onLaunch() {
    this.globalData.loginReady = auth.silentLogin();
  },
});
