/*
 * Reset and vector table for Cortex-M: copies .data, clears .bss, paints the stack so the harness
 * can measure its high-water mark, turns the FPU on when the build uses it, runs main and exits.
 * Symbols come from the generated linker script.
 */
#include <stdint.h>

#include "tfg_port.h"

extern uint32_t __data_load;
extern uint32_t __data_start;
extern uint32_t __data_end;
extern uint32_t __bss_start;
extern uint32_t __bss_end;
extern uint32_t __stack_limit;
extern uint32_t __stack_top;

int main(void);
void tfg_systick_handler(void);
void tfg_reset_handler(void);

static void tfg_fault_handler(void)
{
    tfg_port_write("tfg fault\n");
    tfg_port_exit(3);
}

__attribute__((section(".vectors"), used)) static void (*const tfg_vectors[16])(void) = {
    (void (*)(void))&__stack_top,
    tfg_reset_handler,
    tfg_fault_handler, /* NMI */
    tfg_fault_handler, /* HardFault */
    tfg_fault_handler, /* MemManage */
    tfg_fault_handler, /* BusFault */
    tfg_fault_handler, /* UsageFault */
    0, 0, 0, 0,
    tfg_fault_handler, /* SVCall */
    tfg_fault_handler, /* DebugMonitor */
    0,
    tfg_fault_handler, /* PendSV */
    tfg_systick_handler,
};

/* Paints from the stack limit up to just below this function's own frame. */
__attribute__((noinline)) static void tfg_paint_stack(void)
{
    uintptr_t sp;
    volatile uint32_t *p = &__stack_limit;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    while ((uintptr_t)p < sp - 64u) {
        *p++ = 0xA5A5A5A5u;
    }
}

void tfg_reset_handler(void)
{
    const uint32_t *src = &__data_load;
    uint32_t *dst;
    for (dst = &__data_start; dst < &__data_end;) {
        *dst++ = *src++;
    }
    for (dst = &__bss_start; dst < &__bss_end;) {
        *dst++ = 0;
    }
#if defined(__ARM_FP)
    (*(volatile uint32_t *)0xE000ED88u) |= 0xFu << 20; /* CPACR: CP10, CP11 full access */
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
    tfg_paint_stack();
    tfg_port_exit(main());
}
