/* eslint-disable @typescript-eslint/no-explicit-any -- thunks of every slice must be accepted */
import { useDispatch } from 'react-redux';
import type { ThunkDispatch, UnknownAction } from '@reduxjs/toolkit';

/** useDispatch that accepts thunks (RTK Query util actions). */
export const useAppDispatch = useDispatch.withTypes<ThunkDispatch<any, unknown, UnknownAction>>();
