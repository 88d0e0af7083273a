// One way to undo a merge from the toast, the banner or the undo bar: call the route, say what happened.
import { useCallback } from 'react';
import { conversations as api } from '../../api/endpoints';
import { ApiError } from '../../api/http';
import { useI18n } from '../../i18n/i18n';
import { useToast } from '../../ui/Toasts';

export function useUndoMerge(onDone?: () => void) {
  const { t } = useI18n();
  const toast = useToast();
  return useCallback(async (primaryId: string, mergeId: string) => {
    try {
      await api.undoMerge(primaryId, mergeId);
      toast(t('convMerge.undone'));
      onDone?.();
    } catch (e) {
      toast(e instanceof ApiError ? e.message : t('convMerge.undoFailed'), 'error');
    }
  }, [t, toast, onDone]);
}
