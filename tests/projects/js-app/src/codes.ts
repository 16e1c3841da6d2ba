// The app's close codes, defined once.
export enum CloseCode {
  Unauthorized = 4401,
  Forbidden = 4403,
  TooBig = 1006,
}
export const WS_CLOSE_NORMAL = 1000;
export const WS_CLOSE_RESERVED = 1005;
export const TIMEOUT = 1000;
export const Limits = { maxClients: 1015 } as const;
