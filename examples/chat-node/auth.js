// Token checking for the chat server (HMAC-signed "userId.expiresAt.signature").
import { createHmac, timingSafeEqual } from 'node:crypto';

const SECRET = process.env.CHAT_SECRET ?? 'dev-secret';

export function verifyToken(token) {
  if (typeof token !== 'string') return null;
  const [userId, expiresAt, signature] = token.split('.');
  if (!userId || !expiresAt || !signature) return null;
  const expected = createHmac('sha256', SECRET).update(`${userId}.${expiresAt}`).digest('base64url');
  const a = Buffer.from(signature);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  return { userId, expiresAt: Number(expiresAt), isModerator: userId.startsWith('mod-') };
}
