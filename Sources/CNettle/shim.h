#include <nettle/sha3.h>
#include <nettle/sha2.h>
#include <nettle/hmac.h>
