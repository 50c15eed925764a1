// Silent WeChat login and our own tokens. The mini program never sees the session_key or the
// app secret: wx.login's one-time code is exchanged by the API for an access and a refresh token.
const { send } = require('./http');

const STORAGE_KEY = 'auth';
// Treat a token as expired a little early so a request does not race its expiry.
const EXPIRY_MARGIN_MS = 30 * 1000;

let renewing = null;

function now() {
  return Date.now();
}

function load() {
  try {
    return wx.getStorageSync(STORAGE_KEY) || null;
  } catch (e) {
    return null;
  }
}

function save(tokens) {
  const t = now();
  const session = {
    accessToken: tokens.accessToken,
    accessExpiresAt: t + tokens.expiresIn * 1000,
    refreshToken: tokens.refreshToken,
    refreshExpiresAt: t + tokens.refreshExpiresIn * 1000,
    userId: tokens.userId,
  };
  wx.setStorageSync(STORAGE_KEY, session);
  return session;
}

function clear() {
  wx.removeStorageSync(STORAGE_KEY);
}

function accessToken() {
  const session = load();
  return session ? session.accessToken : null;
}

function isLoggedIn() {
  const session = load();
  return !!(session && session.refreshExpiresAt - EXPIRY_MARGIN_MS > now());
}

function wxLoginCode() {
  return new Promise((resolve, reject) => {
    wx.login({
      success(res) {
        if (res && res.code) resolve(res.code);
        else reject(new Error('微信登录失败，请稍后重试。'));
      },
      fail() {
        reject(new Error('微信登录失败，请检查网络后重试。'));
      },
    });
  });
}

async function login() {
  const code = await wxLoginCode();
  const tokens = await send({ method: 'POST', path: '/api/auth/login', data: { code } });
  return save(tokens);
}

async function refresh() {
  const session = load();
  if (!session || !session.refreshToken || session.refreshExpiresAt - EXPIRY_MARGIN_MS <= now()) {
    return login();
  }
  try {
    const tokens = await send({ method: 'POST', path: '/api/auth/refresh', data: { refreshToken: session.refreshToken } });
    return save(tokens);
  } catch (err) {
    // A refused refresh token (used, revoked or expired) is not fatal: log in again silently.
    if (err.status === 401) {
      clear();
      return login();
    }
    throw err;
  }
}

/**
 * Renew the session (refresh, or log in again). Concurrent callers share one attempt, because a
 * refresh token is good for one use only: a second refresh with it would revoke every session.
 */
function renew() {
  if (!renewing) {
    renewing = refresh().finally(() => {
      renewing = null;
    });
  }
  return renewing;
}

/** Log in on launch unless a usable session is stored. Never throws: pages work without login. */
function silentLogin() {
  if (isLoggedIn()) return Promise.resolve(load());
  return renew().catch(() => null);
}

module.exports = { STORAGE_KEY, login, refresh, renew, silentLogin, accessToken, isLoggedIn, clear, load };
