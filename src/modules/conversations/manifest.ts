// Conversations on custom channels: conversations, their messages, and the AI Agent's turns
// answered by the configured responder.
import { defineModule } from '../../platform/manifest.js';
import { CONVERSATIONS_FAMILY } from '../channels/manifest.js';
import { createResponder } from '../responder/responder.js';
import { CONVERSATION_EVENT_EXAMPLES, conversationsDocs } from './conversations.docs.js';
import { conversationsRoutes } from './conversations.routes.js';
import { createConversationsService, type ConversationsService } from './conversations.service.js';
import { createConversationsStore, type ConversationsStore } from './conversations.store.js';
import { createMessagesService, type MessagesService } from './messages.service.js';
import { createTurns, turnJob } from './responder-turn.js';

declare module '../../platform/manifest.js' {
  interface ModuleRegistry {
    conversations: { store: ConversationsStore; service: ConversationsService; messages: MessagesService };
  }
}

declare module '../../platform/events.js' {
  interface EventTypes {
    'v1.conversation.created': true;
    'v1.conversation.message': true;
    'v1.conversation.ended': true;
  }
}

export const conversationsModule = defineModule({
  name: 'conversations',
  rateFamily: CONVERSATIONS_FAMILY,
  events: [
    {
      name: 'v1.conversation.created',
      description:
        'A conversation was created on a custom channel by POST /api/v2/conversations/. When the request created the end user too, v1.end_user.created comes first.',
      body: { component: 'ConversationCreatedEvent', example: CONVERSATION_EVENT_EXAMPLES['v1.conversation.created'] },
    },
    {
      name: 'v1.conversation.message',
      description:
        "A message was added to a conversation: the end user's and human agents' messages posted through the API, and the AI Agent's replies.",
      body: { component: 'ConversationMessageEvent', example: CONVERSATION_EVENT_EXAMPLES['v1.conversation.message'] },
    },
    {
      name: 'v1.conversation.ended',
      description:
        'A conversation was ended by POST /api/v2/conversations/{id}/end/ (sent once; ending again sends nothing).',
      body: { component: 'ConversationEndedEvent', example: CONVERSATION_EVENT_EXAMPLES['v1.conversation.ended'] },
    },
  ],
  build({ db, units, clock, config, log, metrics, use }) {
    const { store: agents } = use('agents');
    const { store: endUsers, service: endUsersService } = use('endUsers');
    const { store: channels } = use('channels');
    const { search, isAvailableTo } = use('knowledge');
    const { guidanceFor } = use('persona');
    const store = createConversationsStore(db);
    const responder = createResponder(config.responder, { knowledge: { search, isAvailableTo } });
    const turns = createTurns(responder);
    const messages = createMessagesService({ store, channels, agents, units, clock, turns });
    const service = createConversationsService({ store, channels, endUsers, agents, units, clock, turns });
    return {
      exports: { store, service, messages },
      routes: conversationsRoutes(service, messages),
      docs: conversationsDocs,
      jobs: turns.enabled
        ? [
            turnJob({
              responder,
              timeoutMs: config.responder.timeoutMs,
              conversations: store,
              channels,
              endUsers,
              agents,
              readSensitive: endUsersService.readSensitive,
              guidanceFor,
              messages,
              clock,
              log,
              metrics,
            }),
          ]
        : [],
    };
  },
});
