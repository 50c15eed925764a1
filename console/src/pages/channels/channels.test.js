import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '@/api/channels';
import ChannelsPage from './index.vue';
import { channelFields } from './channel-fields';
import { $, $$, cleanup, click, mountPage, type } from '@/test/helpers';
import { CITY_ADMIN, loginAs } from '@/test/session';

vi.mock('@/api/channels', () => ({ channels: vi.fn(), createChannel: vi.fn(), rotateChannel: vi.fn(), revokeChannel: vi.fn(), deliveries: vi.fn() }));

const CHANNEL = {
  id: 3, regionId: 1, name: '淮安12345', kind: 'hotline_12345', kindName: '12345热线', revokedAt: null, callbackUrl: 'https://12345.example/cb',
  callbackStatus: { lastDeliveryAt: '2026-12-05T02:00:00Z', lastStatus: 'failed', failuresInRow: 3 }, createdAt: '2026-12-01T00:00:00Z', updatedAt: '2026-12-01T00:00:00Z',
};
const SECRETS = { channel: CHANNEL, credential: 'cred-abc', signingSecret: 'sign-xyz' };

let wrapper;
beforeEach(() => {
  loginAs(CITY_ADMIN);
  api.channels.mockResolvedValue([CHANNEL, { ...CHANNEL, id: 4, name: '旧渠道', revokedAt: '2026-12-02T00:00:00Z', callbackUrl: null, callbackStatus: null }]);
});
afterEach(() => cleanup(wrapper));

describe('the channels page', () => {
  it('lists channels with their state and callback status', async () => {
    ({ wrapper } = await mountPage(ChannelsPage));
    expect($('[data-test="channel-state-3"]').textContent).toBe('使用中');
    expect($('[data-test="channel-state-4"]').textContent).toBe('已停用');
    const text = $('[data-test="channel-table"]').textContent;
    expect(text).toContain('2026-12-05 10:00 失败，连续失败 3 次');
    expect(text).toContain('未登记回调地址');
    expect($('[data-test="channel-revoke-4"]')).toBeNull();
  });

  it('creates a channel and shows its credential once', async () => {
    api.createChannel.mockResolvedValue(SECRETS);
    ({ wrapper } = await mountPage(ChannelsPage));
    await click('[data-test="channel-create"]');
    await type('name', '淮安12345');
    await click('[data-test="channel-dialog"] [data-test="dialog-submit"]');
    expect(api.createChannel).toHaveBeenCalledWith({ name: '淮安12345', kind: 'hotline_12345', regionId: undefined });
    expect($('[data-test="channel-credential"]').textContent).toBe('cred-abc');
    expect($('[data-test="channel-signingSecret"]').textContent).toBe('sign-xyz');
    await click('[data-test="channel-secrets-done"]');
    expect($('[data-test="channel-credential"]')).toBeNull();
  });

  it('rotates a channel\'s credential after asking and shows the new one', async () => {
    api.rotateChannel.mockResolvedValue({ ...SECRETS, credential: 'cred-new' });
    ({ wrapper } = await mountPage(ChannelsPage));
    await click('[data-test="channel-rotate-3"]');
    await click($$('[data-test="confirm-ok"]')[0]);
    expect(api.rotateChannel).toHaveBeenCalledWith(3);
    expect($('[data-test="channel-credential"]').textContent).toBe('cred-new');
  });

  it('revokes a channel after asking', async () => {
    api.revokeChannel.mockResolvedValue({ ...CHANNEL, revokedAt: '2026-12-05T00:00:00Z' });
    ({ wrapper } = await mountPage(ChannelsPage));
    await click('[data-test="channel-revoke-3"]');
    const ok = $$('[data-test="confirm-dialog"]').find((d) => d.textContent.includes('确定停用吗'));
    await click(ok.querySelector('[data-test="confirm-ok"]'));
    expect(api.revokeChannel).toHaveBeenCalledWith(3);
  });

  it('shows a channel\'s recent deliveries', async () => {
    api.deliveries.mockResolvedValue([{ at: '2026-12-05T02:00:00Z', topicReceiptNo: '2026-UAPPT7VF-0002', status: 'sent', httpStatus: 200, attempts: 1 }]);
    ({ wrapper } = await mountPage(ChannelsPage));
    await click('[data-test="channel-deliveries-3"]');
    expect(api.deliveries).toHaveBeenCalledWith(3);
    expect($('[data-test="channel-deliveries"]').textContent).toContain('2026-UAPPT7VF-0002');
    expect($('[data-test="channel-deliveries"]').textContent).toContain('成功');
  });

  it('asks for the city only of an admin of several cities', () => {
    expect(channelFields([{ id: 1, name: '淮安市' }]).map((f) => f.key)).toEqual(['name', 'kind']);
    expect(channelFields([{ id: 1, name: '淮安市' }, { id: 9, name: '宿迁市' }]).map((f) => f.key)).toEqual(['name', 'kind', 'regionId']);
  });
});
