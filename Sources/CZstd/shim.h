#ifndef FEEDD_CZSTD_SHIM_H
#define FEEDD_CZSTD_SHIM_H

/* Zstandard (libzstd-dev), for the store's item JSON: https://facebook.github.io/zstd/zstd_manual.html */
#include <zstd.h>
#include <zdict.h>

#endif
