/*
 * aarch64 Linux port (Raspberry Pi 4/5, or qemu-aarch64): stdout, CLOCK_MONOTONIC in nanoseconds
 * (wall time: under emulation it measures the emulator, not the board), no stack measurement.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tfg_port.h"

void tfg_port_init(void)
{
}

int tfg_port_await_run(int round)
{
    return round == 0;
}

void tfg_port_write(const char *text)
{
    fputs(text, stdout);
}

const char *tfg_port_timer_name(void)
{
    return "monotonic-ns";
}

uint64_t tfg_port_timer_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

int32_t tfg_port_stack_used(void)
{
    return -1;
}

void tfg_port_exit(int code)
{
    fflush(stdout);
    exit(code);
}
