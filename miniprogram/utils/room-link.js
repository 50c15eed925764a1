// A room's link as printed in an ordinary QR code: https://<public base>/r/<scene>. Scanned with WeChat (the prefix
// registered under 扫普通链接二维码打开小程序) it opens pages/room/index with the whole link, encoded, in query.q;
// opened in a phone's browser the same link reaches the API, which answers the room's public page.

/** The scene in a scanned link (query.q as WeChat passes it), or '' when the link names no room. */
function sceneFromLink(q) {
  let link;
  try {
    link = decodeURIComponent(String(q || ''));
  } catch (e) {
    return '';
  }
  const match = /^https?:\/\/[^/?#]+(?:\/[^?#]*)?\/r\/([^/?#]+)\/?(?:[?#].*)?$/.exec(link);
  if (!match) return '';
  try {
    return decodeURIComponent(match[1]);
  } catch (e) {
    return '';
  }
}

module.exports = { sceneFromLink };
