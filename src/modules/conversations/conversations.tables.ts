// Tables of conversations on custom channels and their messages.

export type ConversationStatus = 'active' | 'ended';
export type AuthorRole = 'end_user' | 'ai_agent' | 'human_agent';

export interface ConversationsTable {
  id: string;
  agent_id: string;
  channel_id: string;
  end_user_id: string;
  status: ConversationStatus;
  /** JSON object. */
  metadata: string;
  ended_by_role: string | null;
  ended_by_id: string | null;
  /** The human integration the conversation is handed to; null when the AI Agent has it. */
  handoff_integration: string | null;
  created_at: number;
  updated_at: number;
}

export interface MessagesTable {
  id: string;
  agent_id: string;
  conversation_id: string;
  author_role: AuthorRole;
  author_id: string | null;
  author_display_name: string | null;
  author_avatar: string | null;
  /** The content object as JSON. */
  content: string;
  created_at: number;
}

export type ProactiveStatus = 'queued' | 'initiated' | 'answered' | 'machine_detected' | 'failed';

export interface ProactiveAttemptsTable {
  id: string;
  agent_id: string;
  idempotency_key: string | null;
  status: ProactiveStatus;
  channel: string;
  phone_number: string;
  language: string | null;
  /** JSON object. */
  metadata: string;
  conversation_id: string | null;
  failure_reason: string | null;
  created_at: number;
  updated_at: number;
}

/** A file uploaded to a conversation during a handoff; its bytes are in the blob store under blob_key. */
export interface ConversationAttachmentsTable {
  id: string;
  agent_id: string;
  conversation_id: string;
  end_user_id: string;
  blob_key: string;
  filename: string;
  mime_type: string;
  size: number;
  created_at: number;
  /** When the signed URL stops working (and the sweeper may remove the file). */
  expires_at: number;
}

declare module '../../db/schema.js' {
  interface Database {
    conversation_attachments: ConversationAttachmentsTable;
    conversations: ConversationsTable;
    messages: MessagesTable;
    proactive_attempts: ProactiveAttemptsTable;
  }
}
