/**
 * Where the staff are: the chats that receive tickets, and who may use staff commands.
 * The Telegram group comes from STAFF_TELEGRAM_CHAT_ID. A WeChat room is configured by its
 * topic (STAFF_WECHAT_ROOM), but messages carry the room's id, which only the WeChat adapter
 * learns after logging in: it reports it through `add` (the plugin's `addStaffChannel`).
 */
import type { Config } from '../config.ts';
import type { Address, Platform } from '../message.ts';

/** A chat that receives tickets: a Telegram group or a WeChat room. */
export interface StaffChannel {
  platform: Platform;
  chatId: string;
}

/** The staff channels and the allowed staff members. */
export class StaffChannels {
  readonly #channels: StaffChannel[] = [];
  readonly #allowed: ReadonlySet<string>;
  readonly #expectsWechatRoom: boolean;

  constructor(config: Pick<Config, 'STAFF_TELEGRAM_CHAT_ID' | 'STAFF_WECHAT_ROOM' | 'STAFF_USER_IDS'>, extra: StaffChannel[] = []) {
    if (config.STAFF_TELEGRAM_CHAT_ID) this.#channels.push({ platform: 'telegram', chatId: config.STAFF_TELEGRAM_CHAT_ID });
    for (const channel of extra) this.add(channel);
    this.#allowed = new Set(config.STAFF_USER_IDS);
    this.#expectsWechatRoom = Boolean(config.STAFF_WECHAT_ROOM);
  }

  /** Some staff channel is configured (even one whose messenger is not connected yet). */
  get configured(): boolean {
    return this.#channels.length > 0 || this.#expectsWechatRoom;
  }

  /** The channels known now (a WeChat room only once the adapter reported it). */
  list(): readonly StaffChannel[] {
    return this.#channels;
  }

  /** Adds a channel; false when it was already known. */
  add(channel: StaffChannel): boolean {
    if (this.#channels.some((c) => c.platform === channel.platform && c.chatId === channel.chatId)) return false;
    this.#channels.push({ platform: channel.platform, chatId: channel.chatId });
    return true;
  }

  /** The message was written in a staff channel (by anyone in it). */
  isChannel(address: Address): boolean {
    return this.#channels.some((c) => c.platform === address.platform && c.chatId === address.chatId);
  }

  /** The sender is listed in STAFF_USER_IDS as platform:user. */
  isStaff(address: Address): boolean {
    return this.#allowed.has(`${address.platform}:${address.userId}`);
  }
}
