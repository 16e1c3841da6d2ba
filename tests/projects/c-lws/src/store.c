/* Look-alikes: codes that never reach a WebSocket. */
#include <stdio.h>
#include <unistd.h>
#include "codes.h"

struct log_file {
	FILE *f;
	int last;
};

/* Closes a log file, recording the code. */
static void log_close(struct log_file *log, int code)
{
	log->last = code;
	fclose(log->f);
}

static void wait_ms(int ms)
{
	usleep(ms * 1000);
}

void store_shutdown(struct log_file *log)
{
	log_close(log, RELAY_CLOSE_AUTH);
	log_close(log, 4003);
	wait_ms(RELAY_TIMEOUT_MS);
}
