// The app's own privacy popup (wx.onNeedPrivacyAuthorization): says what waits for consent, opens the guide
// (wx.openPrivacyContract), and resolves the waiting call with the person's answer. Put one on every page that
// makes a privacy-scoped call; utils/privacy.js routes each request to the popup of the page on screen.
const privacy = require('../../utils/privacy');

// The call that is waiting, in the words of the person who tapped.
const PURPOSES = { setClipboardData: '复制', getClipboardData: '读取剪贴板', chooseMedia: '选择照片', chooseImage: '选择照片' };
const AGREE_BUTTON = 'agree-privacy';

Component({
  data: { visible: false, purpose: '', contractName: '《用户隐私保护指引》' },

  lifetimes: {
    attached() {
      privacy.attach(this);
    },
    detached() {
      privacy.detach(this);
      this.answer({ event: 'disagree' });
    },
  },

  pageLifetimes: {
    show() {
      privacy.attach(this);
    },
  },

  methods: {
    open(resolve, eventInfo) {
      // A second request while one waits: the earlier one is answered first, so nothing stays pending.
      this.answer({ event: 'disagree' });
      this.resolve = resolve;
      resolve({ event: 'exposureAuthorization' });
      this.setData({ visible: true, purpose: PURPOSES[eventInfo.referrer] || '这项功能' });
      if (typeof wx.getPrivacySetting === 'function') {
        wx.getPrivacySetting({
          success: (res) => {
            if (res && res.privacyContractName) this.setData({ contractName: res.privacyContractName });
          },
        });
      }
    },

    answer(result) {
      const resolve = this.resolve;
      this.resolve = null;
      if (resolve) resolve(result);
    },

    onOpenContract() {
      wx.openPrivacyContract({
        fail: () => wx.showToast({ title: '隐私保护指引暂时打不开，请稍后再试', icon: 'none' }),
      });
    },

    // The agree button has open-type="agreePrivacyAuthorization": WeChat checks that it was tapped.
    onAgree() {
      this.answer({ buttonId: AGREE_BUTTON, event: 'agree' });
      this.setData({ visible: false });
    },

    onDisagree() {
      this.answer({ event: 'disagree' });
      this.setData({ visible: false });
    },
  },
});
