"""The server's close codes."""
from enum import IntEnum

AUTH_FAILED = 4001
RESERVED = 1005
TIMEOUT = 1000


class CloseCodes(IntEnum):
    KICKED = 4002
    ABNORMAL = 1006
