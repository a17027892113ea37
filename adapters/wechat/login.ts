/**
 * The WeChat account's session as the operator sees it: the login QR code drawn in the terminal
 * (and as a link), and plain log lines for login, logout and errors. After a logout the bot keeps
 * running and shows the next QR code the puppet offers.
 */
import qrcodeTerminal from 'qrcode-terminal';
import { qrcodeValueToImageUrl, ScanStatus } from 'wechaty';
import type { Wechaty } from 'wechaty';
import type { Logger } from '../../src/log.ts';

/** Where the QR code and the notices for the operator are printed. */
export interface TextOutput {
  write(text: string): unknown;
}

export interface LoginWatchOptions {
  log: Logger;
  output: TextOutput;
  /** While logged out, a warning is repeated this often so a dead session is noticed. */
  remindEveryMs?: number;
}

/** Stops the reminders; the Wechaty listeners go with the Wechaty instance. */
export type StopWatching = () => void;

const FIVE_MINUTES = 5 * 60_000;

/** The link form of a login QR code, for terminals that cannot draw it. */
export function qrLink(qrcode: string): string {
  return qrcodeValueToImageUrl(qrcode);
}

/** The QR code drawn with half-height blocks, small enough for an ordinary terminal. */
export function drawQr(qrcode: string): Promise<string> {
  return new Promise((resolve) => qrcodeTerminal.generate(qrcode, { small: true }, resolve));
}

/**
 * Prints the login QR code and logs the session's life: scan, login, logout, errors.
 * @example const stop = watchLogin(bot, { log, output: process.stdout })
 */
export function watchLogin(bot: Wechaty, { log, output, remindEveryMs = FIVE_MINUTES }: LoginWatchOptions): StopWatching {
  let shownQr: string | undefined;
  let reminder: ReturnType<typeof setInterval> | undefined;
  const stopReminding = () => {
    if (reminder) clearInterval(reminder);
    reminder = undefined;
  };

  bot.on('scan', (qrcode, status) => {
    const state = ScanStatus[status]?.toLowerCase() ?? String(status);
    if ((status === ScanStatus.Waiting || status === ScanStatus.Timeout) && qrcode) {
      // Puppets repeat the same code while it is valid; draw each code once.
      if (qrcode === shownQr) return;
      shownQr = qrcode;
      void drawQr(qrcode).then((drawing) => {
        output.write(
          `\nScan this QR code with the WeChat app of the bot's account to log in:\n${drawing}\nIf it does not show well, open: ${qrLink(qrcode)}\n\n`,
        );
      });
      log.info('wechat.scan', { status: state, next: 'scan the QR code printed in the terminal with the WeChat app of the bot account' });
      return;
    }
    log.info('wechat.scan', { status: state, ...(status === ScanStatus.Scanned ? { next: 'confirm the login on the phone' } : {}) });
  });

  bot.on('login', (user) => {
    stopReminding();
    shownQr = undefined;
    log.info('wechat.login', { account: user.id, name: user.name() });
    output.write(`Logged in to WeChat as ${user.name()}.\n`);
  });

  bot.on('logout', (user, reason) => {
    shownQr = undefined;
    log.warn('wechat.logout', { account: user.id, reason: reason ?? '', next: 'waiting for a new QR code scan' });
    output.write(`WeChat logged out${reason ? ` (${reason})` : ''}. The bot keeps running: scan the next QR code to log in again.\n`);
    stopReminding();
    reminder = setInterval(() => {
      if (bot.isLoggedIn) return stopReminding();
      log.warn('wechat.still_logged_out', { next: 'scan the QR code in the terminal, or restart the bot to get a new one' });
    }, remindEveryMs);
    reminder.unref();
  });

  bot.on('error', (error) => {
    log.error('wechat.error', { error });
  });

  return stopReminding;
}
