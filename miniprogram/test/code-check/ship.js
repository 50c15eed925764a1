// Builds what would be uploaded — the project without tests and tooling, with miniprogram_npm built
// by miniprogram-ci's packNpm — in a temp folder, and runs miniprogram-ci's offline checks on it.
// The key is a throwaway RSA key made here: the checks need a Project, never WeChat's servers.
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const NOT_SHIPPED = ['node_modules', 'test', 'coverage', 'miniprogram_npm', 'package-lock.json', 'babel.config.js', 'jest.e2e.config.js', 'README.md'];

function stage() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mashangyi-ship-'));
  const project = path.join(dir, 'project');
  fs.cpSync(ROOT, project, { recursive: true, filter: (src) => !NOT_SHIPPED.includes(path.relative(ROOT, src)) });
  const key = path.join(dir, 'dummy-private.key');
  fs.writeFileSync(key, crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }));
  return { dir, project, key };
}

async function check() {
  const ci = require('miniprogram-ci');
  const { dir, project, key } = stage();
  const appid = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8')).appid;
  const options = { appid, type: 'miniProgram', projectPath: project, privateKeyPath: key, ignores: ['node_modules/**/*'] };
  try {
    // packNpm reads the dependencies from node_modules; after it, only miniprogram_npm ships.
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    Object.keys(pkg.dependencies || {}).forEach((name) => {
      fs.cpSync(path.join(ROOT, 'node_modules', name), path.join(project, 'node_modules', name), { recursive: true });
    });
    const packed = await ci.packNpm(new ci.Project(options), { reporter: () => {} });
    fs.rmSync(path.join(project, 'node_modules'), { recursive: true, force: true });
    const ciProject = new ci.Project(options);
    const quality = await ci.checkCodeQuality(ciProject);
    const analysis = await ci.analyseCode(ciProject, { silent: true });
    return { packed, quality, analysis, sizes: sizes(analysis) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Bytes per package from analyseCode's file list: main package and each subpackage. */
function sizes(analysis) {
  const result = {};
  analysis.files.forEach((f) => {
    const name = f.subPackage ? f.subPackage.replace(/\/$/, '') : 'main';
    result[name] = (result[name] || 0) + f.size;
  });
  return result;
}

module.exports = { check };

// Run as a child process (`node ship.js`): miniprogram-ci leaves file watchers open, so it gets a
// process of its own that exits when done, and prints one JSON line for the caller.
if (require.main === module) {
  check().then(({ quality, analysis, sizes: s }) => {
    const files = analysis.files.map((f) => ({ path: f.path, size: f.size, subPackage: f.subPackage }));
    process.stdout.write(`\nSHIP_RESULT ${JSON.stringify({ quality, files, sizes: s })}\n`, () => process.exit(0));
  }, (err) => {
    console.error(err);
    process.exit(1);
  });
}
