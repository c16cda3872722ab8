import { useMemo } from 'react';
import { useDispatch } from 'react-redux';
import { toastAdded, type ToastTone } from './toastSlice';

export function useToast() {
  const dispatch = useDispatch();
  return useMemo(() => {
    const show = (tone: ToastTone) => (title: string, description?: string) =>
      dispatch(toastAdded({ tone, title, description }));
    return { success: show('success'), error: show('error'), info: show('info'), warning: show('warning') };
  }, [dispatch]);
}
