/*
 * STM32F1/F2/F4 USART: SR (bit 7 TXE, bit 5 RXNE, bit 3 ORE), DR, BRR = clock / baud (16x
 * oversampling), CR1 (bit 13 UE, bit 3 TE, bit 2 RE). Reading SR then DR also clears an overrun.
 */
#include "tfg_uart.h"

#define TFG_USART_REG(uart, offset) (*(volatile uint32_t *)((uart)->base + (offset)))
#define TFG_USART_SR 0x00u
#define TFG_USART_DR 0x04u
#define TFG_USART_BRR 0x08u
#define TFG_USART_CR1 0x0Cu

void tfg_uart_init(const tfg_uart *uart)
{
    TFG_USART_REG(uart, TFG_USART_CR1) = 0u;
    TFG_USART_REG(uart, TFG_USART_BRR) = uart->divisor;
    TFG_USART_REG(uart, TFG_USART_CR1) = (1u << 13) | (1u << 3) | (1u << 2);
}

void tfg_uart_putc(const tfg_uart *uart, char c)
{
    while ((TFG_USART_REG(uart, TFG_USART_SR) & (1u << 7)) == 0u) {
    }
    TFG_USART_REG(uart, TFG_USART_DR) = (uint8_t)c;
}

int tfg_uart_getc(const tfg_uart *uart)
{
    while ((TFG_USART_REG(uart, TFG_USART_SR) & ((1u << 5) | (1u << 3))) == 0u) {
    }
    return (int)(TFG_USART_REG(uart, TFG_USART_DR) & 0xFFu);
}
