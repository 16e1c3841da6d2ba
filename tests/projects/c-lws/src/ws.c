#include <string.h>
#include <libwebsockets.h>
#include "ws.h"

/* Sets the close code and reason the frame will carry. */
void relay_reject(struct lws *wsi, int code, const char *why)
{
	lws_close_reason(wsi, code, (unsigned char *)why, strlen(why));
}

/* Refuses a session: forwards to relay_reject. */
void relay_deny(struct lws *wsi, int code)
{
	relay_reject(wsi, code, "denied");
}
