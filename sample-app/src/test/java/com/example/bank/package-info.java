/**
 * The README's first actor without Spring, as a program of its own: the README quotes these classes verbatim and
 * {@link com.example.bank.FirstActorTests} runs them and fails when the README's copy differs.
 */
package com.example.bank;
