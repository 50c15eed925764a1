// The console names roles as the server does: each grantable role's name is the one GET /api/workflow publishes
// (tests/fixtures/workflow.json is that answer, kept equal to it by the backend's WorkflowTests).
import { describe, expect, test } from 'vitest';
import WORKFLOW from '../../../tests/fixtures/workflow.json';
import { ROLE_NAMES } from './session';

describe('role names', () => {
  test('every role a person can be granted is named as the server names it', () => {
    const grantable = WORKFLOW.roles.filter((r) => r.grantable);
    expect(grantable.length).toBeGreaterThan(0);
    expect(Object.keys(ROLE_NAMES).sort()).toEqual(grantable.map((r) => r.role).sort());
    for (const { role, name } of grantable) expect(ROLE_NAMES[role]).toBe(name);
  });
});
