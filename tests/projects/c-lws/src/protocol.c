#include <unistd.h>
#include <libwebsockets.h>
#include "codes.h"
#include "ws.h"

static int callback_relay(struct lws *wsi, enum lws_callback_reasons reason,
			  void *user, void *in, size_t len)
{
	int code = 0;

	switch (reason) {
	case LWS_CALLBACK_ESTABLISHED:
		if (!user) {
			relay_reject(wsi, 4001, "no session");
			return -1;
		}
		if (len > 1024) {
			relay_reject(wsi, RELAY_CLOSE_AUTH, "auth");
			return -1;
		}
		if (len > 512) {
			relay_deny(wsi, RELAY_CLOSE_OVERLOAD);
			return -1;
		}
		relay_deny(wsi, RELAY_CLOSE_BANNED);
		return -1;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		if (code == RELAY_CLOSE_IDLE)
			return 0;
		usleep(RELAY_TIMEOUT_MS * 1000);
		break;
	default:
		break;
	}
	return 0;
}
