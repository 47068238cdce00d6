// Fixture items of the test-double mode: a conversation, with its messages in order.
import { FixtureError, type FixtureLoader } from '../../platform/manifest.js';

export const loadConversation: FixtureLoader = async (item, api, at) => {
  const { messages = [], ...body } = item;
  const conversation = await api.post('/api/v2/conversations/', body);
  if (!Array.isArray(messages)) throw new FixtureError(`${at}.messages`, 'must be a list');
  for (const [i, message] of messages.entries()) {
    await api.post(`/api/v2/conversations/${String(conversation.id)}/messages/`, message, `${at}.messages[${i}]`);
  }
  return conversation;
};
