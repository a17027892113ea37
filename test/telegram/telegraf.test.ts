import { describeTelegramDriver } from './telegram-contract.ts';

describeTelegramDriver('telegraf');
