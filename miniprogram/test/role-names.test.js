// The mini program names roles as the server does: every role GET /api/workflow publishes (tests/fixtures/workflow.json,
// kept equal to the live answer by the backend's WorkflowTests) carries the same Chinese name here.
const WORKFLOW = require('../../tests/fixtures/workflow.json');
const { ROLE_NAMES } = require('../utils/topic-view');

describe('role names', () => {
  test('every published role is named as the server names it', () => {
    expect(WORKFLOW.roles.length).toBeGreaterThan(0);
    for (const { role, name } of WORKFLOW.roles) expect(ROLE_NAMES[role]).toBe(name);
  });
});
