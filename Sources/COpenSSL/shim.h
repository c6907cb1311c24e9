#ifndef TONGBAN_COPENSSL_SHIM_H
#define TONGBAN_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/x509.h>
#endif
