#ifndef FEEDD_CCRYPTO_SHIM_H
#define FEEDD_CCRYPTO_SHIM_H

/* OpenSSL 3's libcrypto (libssl-dev), for SHA-256 and HMAC-SHA256: https://docs.openssl.org/3.0/man3/EVP_DigestInit/ */
#include <openssl/evp.h>
#include <openssl/hmac.h>

#endif
