/*
 * Bare-metal Cortex-M port: text and exit through semihosting (QEMU's -semihosting, or OpenOCD's
 * "arm semihosting enable" on a board), cycles from the DWT counter where it counts, otherwise
 * SysTick (the processor clock on silicon; under QEMU -icount shift=0 one tick is a fixed number of
 * instructions), stack high-water from the pattern startup painted below the stack.
 */
#include "tfg_port.h"

#define TFG_DEMCR (*(volatile uint32_t *)0xE000EDFCu)
#define TFG_DWT_CTRL (*(volatile uint32_t *)0xE0001000u)
#define TFG_DWT_CYCCNT (*(volatile uint32_t *)0xE0001004u)
#define TFG_SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define TFG_SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define TFG_SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define TFG_SYSTICK_RELOAD 0x00FFFFFFu
#define TFG_STACK_PAINT 0xA5A5A5A5u

extern uint32_t __stack_limit;
extern uint32_t __stack_top;

/* SysTick wraps counted by the interrupt: the only harness variable in RAM besides the port's mode. */
static volatile uint32_t tfg_systick_wraps;
static uint32_t tfg_use_dwt;

void tfg_systick_handler(void)
{
    tfg_systick_wraps++;
}

static int32_t tfg_semihost(int32_t operation, const void *argument)
{
    register int32_t r0 __asm__("r0") = operation;
    register const void *r1 __asm__("r1") = argument;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void tfg_port_init(void)
{
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_8M_MAIN__) \
    || defined(__ARM_ARCH_8_1M_MAIN__)
    TFG_DEMCR |= 1u << 24; /* TRCENA */
    TFG_DWT_CYCCNT = 0;
    TFG_DWT_CTRL |= 1u;
    {
        volatile uint32_t spin;
        for (spin = 0; spin < 16; spin++) {
        }
    }
    tfg_use_dwt = TFG_DWT_CYCCNT != 0; /* QEMU models no cycle counter: it reads 0 */
#endif
    if (!tfg_use_dwt) {
        TFG_SYST_RVR = TFG_SYSTICK_RELOAD;
        TFG_SYST_CVR = 0;
        TFG_SYST_CSR = 7u; /* processor clock, interrupt on wrap, enabled */
    }
}

void tfg_port_write(const char *text)
{
    tfg_semihost(0x04, text); /* SYS_WRITE0 */
}

const char *tfg_port_timer_name(void)
{
    return tfg_use_dwt ? "dwt" : "systick";
}

uint64_t tfg_port_timer_now(void)
{
    uint32_t wraps;
    uint32_t value;
    if (tfg_use_dwt) {
        return TFG_DWT_CYCCNT;
    }
    do {
        wraps = tfg_systick_wraps;
        value = TFG_SYST_CVR;
    } while (wraps != tfg_systick_wraps);
    return (uint64_t)wraps * (TFG_SYSTICK_RELOAD + 1u) + (TFG_SYSTICK_RELOAD - value);
}

int32_t tfg_port_stack_used(void)
{
    const uint32_t *p = &__stack_limit;
    while (p < &__stack_top && *p == TFG_STACK_PAINT) {
        p++;
    }
    return (int32_t)((const char *)&__stack_top - (const char *)p);
}

void tfg_port_exit(int code)
{
    /* SYS_EXIT: ADP_Stopped_ApplicationExit ends QEMU with status 0, RunTimeErrorUnknown with 1 */
    tfg_semihost(0x18, (const void *)(code == 0 ? 0x20026u : 0x20023u));
    for (;;) {
    }
}
