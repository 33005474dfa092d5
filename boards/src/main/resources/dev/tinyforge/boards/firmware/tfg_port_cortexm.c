/*
 * Bare-metal Cortex-M port (the text channel and exit are the console's): cycles from the DWT
 * counter where it counts, otherwise
 * SysTick (the processor clock on silicon; under QEMU -icount shift=0 one tick is a fixed number of
 * instructions), stack high-water from the pattern startup painted below the stack.
 */
#include "tfg_port.h"

#define TFG_DEMCR (*(volatile uint32_t *)0xE000EDFCu)
#define TFG_DWT_CTRL (*(volatile uint32_t *)0xE0001000u)
#define TFG_DWT_CYCCNT (*(volatile uint32_t *)0xE0001004u)
#define TFG_DWT_LAR (*(volatile uint32_t *)0xE0001FB0u)
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

void tfg_port_init(void)
{
    tfg_console_init();
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_8M_MAIN__) \
    || defined(__ARM_ARCH_8_1M_MAIN__)
    TFG_DEMCR |= 1u << 24; /* TRCENA */
    TFG_DWT_LAR = 0xC5ACCE55u; /* the Cortex-M7 ignores DWT writes until unlocked; elsewhere write-ignored */
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
