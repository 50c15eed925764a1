import WORKFLOW from '../../../../tests/fixtures/workflow.json';
import { describe, expect, it } from 'vitest';
import { keptStatus, listQuery, queryFor, receiptOutcome, statusOptions } from './topic-list';

const REGIONS = [{ id: 5, name: '长西街道' }, { id: 9, name: '柳树湾社区' }];

describe('the topic list query', () => {
  it('takes the region from the address only when it is one of the user\'s', () => {
    expect(listQuery({ region: '9', status: 'announced' }, REGIONS)).toEqual({ regionId: 9, status: 'announced' });
    expect(listQuery({ region: '1' }, REGIONS)).toEqual({ regionId: 5, status: '' });
    expect(listQuery({}, REGIONS)).toEqual({ regionId: 5, status: '' });
    expect(listQuery({}, [])).toEqual({ regionId: null, status: '' });
  });

  it('writes the address without the defaults, so the plain page has a plain address', () => {
    expect(queryFor({ regionId: 5, status: '' }, REGIONS)).toEqual({});
    expect(queryFor({ regionId: 9, status: 'implementing' }, REGIONS)).toEqual({ region: '9', status: 'implementing' });
    expect(listQuery(queryFor({ regionId: 9, status: 'closed' }, REGIONS), REGIONS)).toEqual({ regionId: 9, status: 'closed' });
  });
});

describe('the status choice', () => {
  it('offers only the statuses the public list filters by, grouped by stage, after 全部状态', () => {
    const options = statusOptions(WORKFLOW);
    expect(options[0]).toEqual({ label: '全部状态', value: '' });
    const values = options.slice(1).flatMap((g) => g.children.map((c) => c.value));
    expect(values).toContain('announced');
    expect(values).toContain('implementing');
    expect(values).not.toContain('submitted');
    expect(values).not.toContain('rejected');
    expect(values).not.toContain('merged');
    expect(options.slice(1).map((g) => g.group)).toEqual(['提出问题', '听取意见', '开会协商', '办理反馈']);
  });

  it('offers every status, under review, rejected and merged too, for the staff\'s whole list', () => {
    const values = statusOptions(WORKFLOW, true).slice(1).flatMap((g) => g.children.map((c) => c.value));
    expect(values).toEqual(expect.arrayContaining(['submitted', 'rejected', 'merged', 'announced', 'closed']));
    expect(values).toHaveLength(WORKFLOW.statuses.length);
  });

  it('keeps a status the next list offers, else goes back to 全部状态', () => {
    expect(keptStatus('rejected', statusOptions(WORKFLOW, true))).toBe('rejected');
    expect(keptStatus('rejected', statusOptions(WORKFLOW))).toBe('');
    expect(keptStatus('closed', statusOptions(WORKFLOW))).toBe('closed');
    expect(keptStatus('', statusOptions(WORKFLOW))).toBe('');
  });

  it('is 全部状态 alone before the workflow has loaded', () => {
    expect(statusOptions(null)).toEqual([{ label: '全部状态', value: '' }]);
  });
});

describe('a receipt lookup', () => {
  it('opens a topic the staff member may see', () => {
    expect(receiptOutcome({ topic: { id: 8, status: 'rejected' } })).toEqual({ topicId: 8 });
  });

  it('says where a topic out of the scope stands, and that it cannot be opened', () => {
    const { message } = receiptOutcome({ status: { receiptNo: '2026-VC7STVM3-0009', statusName: '审核中' } });
    expect(message).toContain('2026-VC7STVM3-0009');
    expect(message).toContain('审核中');
    expect(message).toContain('不在您的管辖范围内');
  });
});
