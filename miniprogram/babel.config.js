// Only for jest: tdesign-miniprogram ships ES modules, which jest runs as CommonJS.
module.exports = {
  presets: [['@babel/preset-env', { targets: { node: 'current' } }]],
};
