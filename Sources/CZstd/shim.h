#ifndef FEEDD_CZSTD_SHIM_H
#define FEEDD_CZSTD_SHIM_H

/* Zstandard (libzstd-dev), for the store's item JSON: https://facebook.github.io/zstd/zstd_manual.html */
#include <zstd.h>
/* ZDICT_trainFromBuffer_fastCover with chosen parameters (exported by the shared library; declared only here). */
#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>

#endif
