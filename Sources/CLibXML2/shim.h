#ifndef FEEDD_CLIBXML2_SHIM_H
#define FEEDD_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* The system libxml2 is built with ICU; its headers then pull in ICU's, whose definitions clash with the ICU
   that Foundation ships (debug builds fail with "'UErrorCode' has different definitions"). feedd never uses
   libxml2's ICU-specific API, so hide it. */
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* xmlFree is a global function pointer variable, which Swift imports poorly: call it through a function. */
static inline void CLibXML2_free(void *pointer) { xmlFree(pointer); }

#endif
