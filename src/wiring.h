/*
 * wiring.h — what the program registers at start-up (wiring.c): every
 * feature's settings keys, its periodic jobs, change listeners and page
 * parts.  It sits at the top of src/ so that app/ and the lower layers
 * name no feature.
 */
#ifndef SINMUN_WIRING_H
#define SINMUN_WIRING_H

/* Register everything; call once, before any thread starts. */
void wiring_register(void);

#endif
