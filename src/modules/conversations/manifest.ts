// Conversations on custom channels: conversations, their messages, and the AI Agent's turns
// answered by the configured responder.
import { defineModule } from '../../platform/manifest.js';
import { CONVERSATIONS_FAMILY } from '../channels/manifest.js';
import { createResponder } from '../responder/responder.js';
import {
  CONVERSATION_EVENT_EXAMPLES,
  PROACTIVE_EVENT_DESCRIPTIONS,
  conversationsDocs,
  proactiveEventExample,
} from './conversations.docs.js';
import { createBlobStore } from './attachments.blobs.js';
import { attachmentSite } from './attachments.routes.js';
import { ATTACHMENTS_PATH, createAttachmentsService, type AttachmentsService } from './attachments.service.js';
import { createAttachmentsStore } from './attachments.store.js';
import { loadConversation } from './conversations.fixtures.js';
import { conversationsRoutes } from './conversations.routes.js';
import { createConversationsService, type ConversationsService } from './conversations.service.js';
import { createConversationsStore, type ConversationsStore } from './conversations.store.js';
import { createEmailService } from './email.service.js';
import { createMessagesService, type MessagesService } from './messages.service.js';
import * as m0008 from './migrations/0008_conversations_handoff.js';
import * as m0008a from './migrations/0008a_proactive_attempts.js';
import * as m0017 from './migrations/0017_conversation_attachments.js';
import { PROACTIVE_EVENTS, createProactiveService } from './proactive.service.js';
import { createProactiveStore } from './proactive.store.js';
import { createTurns, TURN_KIND, turnJob } from './responder-turn.js';

declare module '../../platform/manifest.js' {
  interface ModuleRegistry {
    conversations: {
      store: ConversationsStore;
      service: ConversationsService;
      messages: MessagesService;
      attachments: AttachmentsService;
    };
  }
}

declare module '../../platform/events.js' {
  interface EventTypes {
    'v1.conversation.created': true;
    'v1.conversation.message': true;
    'v1.conversation.ended': true;
    'v1.conversation.handoff.ended': true;
    'v1.proactive_call.queued': true;
    'v1.proactive_call.initiated': true;
    'v1.proactive_call.answered': true;
    'v1.proactive_call.machine_detected': true;
    'v1.proactive_call.failed': true;
  }
}

export const conversationsModule = defineModule({
  name: 'conversations',
  rateFamily: CONVERSATIONS_FAMILY,
  testDouble: {
    tables: ['conversation_attachments', 'proactive_attempts', 'messages', 'conversations'],
    fixtures: { conversations: loadConversation },
  },
  migrations: {
    '0008_conversations_handoff': m0008,
    '0008a_proactive_attempts': m0008a,
    '0017_conversation_attachments': m0017,
  },
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
    {
      name: 'v1.conversation.handoff.ended',
      description:
        'A human handoff ended by POST /api/v2/conversations/{id}/end-handoff/: the AI Agent has the conversation again. Tagged with the channel id and the integration name.',
      body: {
        component: 'ConversationHandoffEndedEvent',
        example: CONVERSATION_EVENT_EXAMPLES['v1.conversation.handoff.ended'],
      },
    },
    ...PROACTIVE_EVENTS.map((name) => ({
      name,
      description: PROACTIVE_EVENT_DESCRIPTIONS[name],
      body: { component: 'ProactiveCallEvent', example: proactiveEventExample(name) },
    })),
  ],
  build({ db, units, clock, config, keyring, log, metrics, use }) {
    const { store: agents } = use('agents');
    const { store: endUsers, service: endUsersService } = use('endUsers');
    const { store: channels } = use('channels');
    const { search, isAvailableTo } = use('knowledge');
    const { guidanceFor } = use('persona');
    const store = createConversationsStore(db);
    const responder = createResponder(config.responder, { knowledge: { search, isAvailableTo } });
    const turns = createTurns(responder);
    const attachments = createAttachmentsService({
      store: createAttachmentsStore(db),
      conversations: store,
      blobs: createBlobStore(config.blobs),
      units,
      clock,
      keyring,
    });
    const messages = createMessagesService({ store, channels, agents, units, clock, turns, files: attachments });
    const service = createConversationsService({ store, channels, endUsers, agents, units, clock, turns });
    const proactive = createProactiveService({
      store: createProactiveStore(db),
      conversations: store,
      channels,
      endUsers,
      agents,
      units,
      clock,
      turns,
    });
    const email = createEmailService({
      store,
      channels,
      endUsers,
      agents,
      messages,
      units,
      clock,
      turns,
      addresses: config.emailAddresses,
    });
    return {
      exports: { store, service, messages, attachments },
      routes: conversationsRoutes(service, messages, email, proactive, attachments),
      sites: [{ prefix: ATTACHMENTS_PATH, routes: attachmentSite(attachments) }],
      beforeReset: (agentId) => attachments.deleteFilesOf(agentId),
      docs: conversationsDocs,
      // Erasure: the end users' conversations go with their messages, their attachments (the rows
      // now, the files by a job queued in the same unit) and any turn still queued.
      async forget(unit, agentId, endUserIds) {
        const ids = await store.idsByEndUsers(agentId, endUserIds, unit.ex);
        if (ids.length > 0) await unit.dropGroup(TURN_KIND, ids);
        await attachments.forgetConversations(unit, agentId, ids);
        await store.deleteWithMessages(agentId, ids, unit.ex);
      },
      jobs: [
        proactive.job(),
        ...attachments.jobs(config.sweepIntervalMs),
        ...(turns.enabled
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
          : []),
      ],
    };
  },
});
