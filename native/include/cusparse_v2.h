// cu2metal — <cusparse_v2.h>: the same API as <cusparse.h>.
#ifndef CU2M_CUSPARSE_V2_H
#define CU2M_CUSPARSE_V2_H
#include "cusparse.h"
#endif
