#ifndef CHAOS_CHIREDIS_SHIM_H
#define CHAOS_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#endif
