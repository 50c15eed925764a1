// API base URL per mini program version (wx.getAccountInfoSync().miniProgram.envVersion).
// develop: the API on the developer's machine (DevTools with "不校验合法域名" / urlCheck false).
//   On a real phone, localhost is the phone itself: use the computer's LAN address instead.
// trial / release: MUST be configured before the first upload — an HTTPS domain registered in the
//   mini program admin console (开发管理 → 服务器域名 → request 合法域名). WeChat refuses IPs and http.
const BASE_URLS = {
  develop: 'http://localhost:5080',
  trial: 'https://api.example.invalid',
  release: 'https://api.example.invalid',
};

function envVersion() {
  try {
    return wx.getAccountInfoSync().miniProgram.envVersion || 'release';
  } catch (e) {
    // Older base libraries lack getAccountInfoSync; the safe assumption is production.
    return 'release';
  }
}

function apiBaseUrl() {
  return BASE_URLS[envVersion()] || BASE_URLS.release;
}

module.exports = { BASE_URLS, envVersion, apiBaseUrl };
