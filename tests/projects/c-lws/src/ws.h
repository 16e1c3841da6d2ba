#ifndef RELAY_WS_H
#define RELAY_WS_H
struct lws;
void relay_reject(struct lws *wsi, int code, const char *why);
void relay_deny(struct lws *wsi, int code);
#endif
