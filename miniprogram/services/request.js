// The one way pages and services talk to the API: base URL, Bearer token, login renewal on
// 401, and ProblemDetails as ApiError {status, code, message, fieldErrors}.
const { send, ApiError } = require('./http');
const auth = require('./auth');

// 401 codes the API uses for a missing or expired access token; other 401s (for example a
// refused WeChat login code) are answers, not a reason to renew.
const RENEWABLE_CODES = ['token_expired', 'unauthenticated'];

async function request(options) {
  try {
    return await send({ ...options, token: auth.accessToken() });
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401 || !RENEWABLE_CODES.includes(err.code)) {
      throw err;
    }
  }
  // Renew once and retry once; a second 401 goes to the caller.
  const session = await auth.renew();
  return send({ ...options, token: session.accessToken });
}

module.exports = {
  request,
  RENEWABLE_CODES,
  ApiError,
  get: (path, query) => request({ method: 'GET', path, query }),
  post: (path, data, header) => request({ method: 'POST', path, data, header }),
  put: (path, data) => request({ method: 'PUT', path, data }),
  del: (path, data) => request({ method: 'DELETE', path, data }),
};
