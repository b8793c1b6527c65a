#ifndef FEEDD_CCRYPTO_SHIM_H
#define FEEDD_CCRYPTO_SHIM_H

/* OpenSSL 3's libcrypto (libssl-dev), for SHA-256, HMAC and a constant-time comparison:
   https://docs.openssl.org/3.0/man3/EVP_DigestInit/, https://docs.openssl.org/3.0/man3/CRYPTO_memcmp/ */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#endif
